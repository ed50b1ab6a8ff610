# disk.mk: rules for disk/ (placeholder until the stage lands)
