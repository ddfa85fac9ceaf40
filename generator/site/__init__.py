"""Site: page models, pages rendered from templates, charts, the generated MkDocs project,
the build and swap, and the preview server."""
