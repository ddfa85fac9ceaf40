"""History: read git in one pass and turn it into change records (file, field, old, new),
and the Atom feed of recent changes."""
