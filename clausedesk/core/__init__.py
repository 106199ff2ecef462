"""The domain: rules (pure functions) and services (units of work over the store). Never imports Qt."""
