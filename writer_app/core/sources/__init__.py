"""Where models come from: the catalog, the Hub, ModelScope, downloads, local files, servers."""
