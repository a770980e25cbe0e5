"""Source stage: project files read safely, YAML composed with positions, validated by a declarative schema."""
