"""Real time: the WebSocket endpoint, the local connections and the cross-process backplane."""
