"""The staff-maintained FAQ (data/faq.yml): its content, matching visitors' questions to it,
the spreadsheet round trip and the log of questions it did not answer."""
