/** The friends pages, and where anyone's profile lives (a query parameter: the export is static). */
export const FRIENDS_PATH = "/friends";
export const REQUESTS_PATH = "/friends/requests";
export const BLOCKED_PATH = "/friends/blocked";
export const DISCOVER_PATH = "/discover";

export const studentPath = (id: string) => `/student?id=${encodeURIComponent(id)}`;

/** Chats opens (or starts) the direct chat with this friend. */
export const messagePath = (userId: string) => `/chats?with=${encodeURIComponent(userId)}`;

export const fullName = (student: { first_name: string; last_name: string }) =>
  `${student.first_name} ${student.last_name}`;

/** "1 mutual friend", "3 mutual friends", or nothing for none. */
export function mutualFriendsLabel(count: number): string | null {
  if (count <= 0) return null;
  return `${count} mutual ${count === 1 ? "friend" : "friends"}`;
}
