"""Friends: requests between students, friendships, and blocks."""
