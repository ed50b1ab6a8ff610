# setup16.mk: rules for setup16/ (placeholder until the stage lands)
