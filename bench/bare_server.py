"""Scenario D's ceiling: Quad's WebSocket protocol on Quad's libraries, and nothing else.

FastAPI on uvicorn (uvloop, httptools, websockets-sansio), JWTs checked with PyJWT, frames
with orjson, exactly as `quad serve` runs; but no database, no Redis, no notifications: a
``message.send`` is numbered in memory, acknowledged, and fanned out as one encoded
``message.new`` to the members' sockets on this process. What Quad does beyond this is the
cost of keeping the message (PostgreSQL) and of reaching other processes (Redis).

Run by bench/chat.py: BARE_PORT, JWT_SECRET and BARE_MEMBERS (a JSON file of conversation id
-> member user ids) in the environment.
"""

from __future__ import annotations

import itertools
import json
import os
import uuid
from collections import defaultdict
from datetime import UTC, datetime

import jwt
import orjson
import uvicorn
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

SECRET = os.environ["JWT_SECRET"]
with open(os.environ["BARE_MEMBERS"]) as members_file:
    MEMBERS: dict[str, list[str]] = json.load(members_file)

app = FastAPI()
sockets: dict[str, set[WebSocket]] = defaultdict(set)
seqs: dict[str, itertools.count[int]] = defaultdict(lambda: itertools.count(1))


@app.websocket("/api/v1/ws")
async def realtime(websocket: WebSocket) -> None:
    token = websocket.headers.get("authorization", "").removeprefix("Bearer ")
    try:
        user_id = jwt.decode(token, SECRET, algorithms=["HS256"])["sub"]
    except jwt.PyJWTError:
        await websocket.close(code=4001)
        return
    await websocket.accept()
    await websocket.send_text(orjson.dumps({"type": "ready", "user_id": user_id}).decode())
    sockets[user_id].add(websocket)
    try:
        while True:
            frame = orjson.loads(await websocket.receive_text())
            if frame.get("type") != "message.send":
                continue
            conversation_id = frame["conversation_id"]
            message = {
                "id": str(uuid.uuid4()),
                "conversation_id": conversation_id,
                "seq": next(seqs[conversation_id]),
                "sender_id": user_id,
                "body": frame["body"],
                "client_id": frame["client_id"],
                "created_at": datetime.now(UTC).isoformat(),
                "edited_at": None,
                "deleted": False,
            }
            event = orjson.dumps({"type": "message.new", "message": message}).decode()
            for member in MEMBERS.get(conversation_id, ()):
                for socket in list(sockets.get(member, ())):
                    await socket.send_text(event)
            ack = {"type": "message.ack", "client_id": frame["client_id"], "message": message}
            await websocket.send_text(orjson.dumps(ack).decode())
    except WebSocketDisconnect:
        pass
    finally:
        sockets[user_id].discard(websocket)


if __name__ == "__main__":
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(os.environ["BARE_PORT"]),
        loop="uvloop",
        http="httptools",
        ws="websockets-sansio",
        log_level="warning",
        access_log=False,
    )
