"""Conversations (direct and group) and their messages."""
