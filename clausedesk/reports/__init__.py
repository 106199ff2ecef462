"""PDF (reportlab) and Excel (openpyxl) writers and readers: the documents people print and send; no Qt."""
