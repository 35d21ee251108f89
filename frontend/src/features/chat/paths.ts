/** Chats, and one conversation in it (a query parameter: the export is static). */
export const CHATS_PATH = "/chats";

export const conversationPath = (id: string) => `${CHATS_PATH}?c=${encodeURIComponent(id)}`;
