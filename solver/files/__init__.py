"""Files in and out: user files read with clear errors, outputs written atomically, YAML read safely."""
