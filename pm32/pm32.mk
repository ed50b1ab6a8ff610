# pm32.mk: rules for pm32/ (placeholder until the stage lands)
