"""Render the bundled sample (text form) into PDFs that look like what governments publish."""
