"""The center's own facts and how the assistant words them: the center file (facts), its replies, opening hours and dates."""
