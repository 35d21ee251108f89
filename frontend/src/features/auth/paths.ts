/** Where a signed-in student lands when nothing else was asked for: Chats, as in every chat app. */
export const HOME_PATH = "/chats";
