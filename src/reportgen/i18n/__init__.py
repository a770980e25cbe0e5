"""Translation: languages, PO catalogues read in memory, lookup with recorded fallbacks, catalogue checks and
maintenance (extract, update, status), and the Babel extractor for content YAML."""
