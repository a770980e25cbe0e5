"""Consultation: Word files the partners return, read back against the edition they were sent (:mod:`.returned`),
and the compilation of their comments and proposals (:mod:`.compilation`)."""
