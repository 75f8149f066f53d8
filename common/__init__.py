"""Web plumbing shared by the apps (not an app): API helpers and read access. Imports no app."""
