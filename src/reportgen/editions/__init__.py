"""Editions: recorded versions of the documents (:mod:`.store`), rebuilt from their snapshot (:mod:`.rebuild`),
and compared with the current text (:mod:`.compare` merges two document trees; :mod:`.comparison` writes the
comparison documents in every format)."""
