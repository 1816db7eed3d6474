"""rcreport: a reproducible report on Russia–China relations in Hindi news, from article files to a Jupyter Book."""
