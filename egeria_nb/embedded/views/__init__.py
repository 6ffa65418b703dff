"""HTTP handlers of the embedded platform, one module per Egeria service area."""
