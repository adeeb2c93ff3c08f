package cups

// HostOf is the host:port the client puts in URLs and printer-uri.
func HostOf(c *Client) string { return c.host }
