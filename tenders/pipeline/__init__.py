"""After the crawl: link stored notices into projects, normalise suppliers, roll classifications up."""
