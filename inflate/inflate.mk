# inflate.mk: rules for inflate/ (placeholder until the stage lands)
