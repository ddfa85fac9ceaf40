"""Segments in the data: cluster the rows of a data source and compare with the handbook's.

Stages, one module each: `columns` (read and type the chosen columns),
`encode` (numbers and categories into one weighted matrix), `fit` (k by
silhouette, k-means, stability across bootstrap fits), `profile` (each
cluster in words), `compare` (clusters against the declared segments),
`run` (all of it), `report` and `drafts` (what `handbook discover` prints
and writes). Imports content and stats only; scikit-learn is imported here
and nowhere else.
"""
