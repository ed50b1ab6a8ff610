# bootsect.mk: rules for bootsect/ (placeholder until the stage lands)
