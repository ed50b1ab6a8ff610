# lm64.mk: rules for lm64/ (placeholder until the stage lands)
