# kernel.mk: rules for tests/kernel/ (placeholder until the stage lands)
