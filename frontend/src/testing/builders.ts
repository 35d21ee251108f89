import type { components } from "@/lib/generated/api-types";
import type {
  Block,
  Course,
  FriendRequest,
  Suggestion,
  Tokens,
  University,
  UserMe,
  UserPublic,
} from "@/lib/api-schema";

/** Test data shaped by the generated API types: override only what a test is about. */

type NewMessageNotification = components["schemas"]["NewMessageNotification"];
type RequestNotification =
  components["schemas"]["FriendRequestNotification"] | components["schemas"]["FriendRequestAcceptedNotification"];

let sequence = 0;
const next = () => (sequence += 1);

export function buildUniversity(overrides: Partial<University> = {}): University {
  const n = next();
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    name: `University ${n}`,
    country: "United Kingdom",
    domains: [`u${n}.ac.uk`],
    ...overrides,
  };
}

export function buildUserMe(overrides: Partial<UserMe> = {}): UserMe {
  const n = next();
  const university = buildUniversity({ name: "University College London", domains: ["ucl.ac.uk"] });
  return {
    id: `10000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    first_name: "Ada",
    last_name: "Lovelace",
    email: `ada${n}@ucl.ac.uk`,
    email_verified: false,
    verified_student: false,
    university: { id: university.id, name: university.name, country: university.country },
    course: "Mathematics",
    bio: "",
    interests: [],
    avatar_url: null,
    friendship_status: "self",
    mutual_friends: 0,
    friend_request_id: null,
    created_at: "2026-09-01T10:00:00.000000Z",
    ...overrides,
  };
}

/** Another student, as search, suggestions and profiles show them. */
export function buildStudent(overrides: Partial<UserPublic> = {}): UserPublic {
  const n = next();
  return {
    id: `20000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    first_name: "Alan",
    last_name: `Turing ${n}`,
    university: { id: "00000000-0000-4000-8000-000000000001", name: "University of Oxford", country: "United Kingdom" },
    course: "Physics",
    bio: "",
    interests: [],
    avatar_url: null,
    verified_student: false,
    friendship_status: "none",
    mutual_friends: 0,
    friend_request_id: null,
    ...overrides,
  };
}

/**
 * A pending request from `from` to `to`. While it is pending both students carry its id in
 * `friend_request_id`, as the server answers them.
 */
export function buildFriendRequest(
  from: UserPublic,
  to: UserPublic,
  overrides: Partial<FriendRequest> = {},
): FriendRequest {
  const n = next();
  const id = overrides.id ?? `30000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  const pending = (overrides.status ?? "pending") === "pending";
  return {
    id,
    from_user: { ...from, friend_request_id: pending ? id : null },
    to_user: { ...to, friend_request_id: pending ? id : null },
    status: "pending",
    created_at: "2026-11-24T09:30:00.000000Z",
    responded_at: null,
    ...overrides,
  };
}

export function buildSuggestion(user: UserPublic, reasons: string[] = ["Same course: Physics"]): Suggestion {
  return { user, score: 10, reasons };
}

export function buildBlock(user: UserPublic): Block {
  return {
    user: { ...user, friendship_status: "none", mutual_friends: 0, friend_request_id: null },
    created_at: "2026-11-24T09:30:00.000000Z",
  };
}

/** One page of a list, as every paged route answers. */
export function page<T>(items: T[], next_cursor: string | null = null) {
  return { items, next_cursor };
}

export function buildCourse(overrides: Partial<Course> = {}): Course {
  return { name: "Computer Science", student_count: 12, ...overrides };
}

export function buildTokens(accessToken = `access-${next()}`): Tokens {
  return { access_token: accessToken, refresh_token: `refresh-${next()}`, token_type: "bearer", expires_in: 900 };
}

export function errorEnvelope(code: string, message: string, details?: Array<{ field: string; message: string }>) {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

type Conversation = components["schemas"]["ConversationOut"];
type ConversationMember = components["schemas"]["MemberOut"];
type Message = components["schemas"]["MessageOut"];

/** A member who has read nothing yet unless `last_read_seq` is given. */
export function buildMember(
  user: UserPublic | UserMe,
  role: ConversationMember["role"] = "member",
  overrides: Partial<Omit<ConversationMember, "user" | "role">> = {},
): ConversationMember {
  const { id, first_name, last_name, university, course, bio, interests, avatar_url, verified_student } = user;
  return {
    user: {
      id,
      first_name,
      last_name,
      university,
      course,
      bio,
      interests,
      avatar_url,
      verified_student,
      friendship_status: user.friendship_status,
      mutual_friends: user.mutual_friends,
      friend_request_id: user.friend_request_id,
    },
    role,
    joined_at: "2026-11-20T10:00:00.000000Z",
    last_read_seq: 0,
    ...overrides,
  };
}

/** A direct chat by default; pass `type: "group"` and a name for a group. */
export function buildConversation(overrides: Partial<Conversation> = {}): Conversation {
  const n = next();
  return {
    id: `40000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    type: "direct",
    name: null,
    members: [],
    last_message: null,
    unread_count: 0,
    last_read_seq: 0,
    muted: false,
    created_at: "2026-11-20T10:00:00.000000Z",
    updated_at: "2026-11-20T10:00:00.000000Z",
    ...overrides,
  };
}

/** Message `seq` of a conversation; its id and time follow from the seq unless given. */
export function buildMessage(conversationId: string, seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `50000000-0000-4000-${String(seq).padStart(4, "0")}-${conversationId.slice(-12)}`,
    conversation_id: conversationId,
    seq,
    sender_id: "20000000-0000-4000-8000-000000000000",
    body: `Message ${seq}`,
    client_id: null,
    created_at: new Date(Date.UTC(2026, 10, 25, 9, 0, seq)).toISOString(),
    edited_at: null,
    deleted: false,
    ...overrides,
  };
}

/** A `new_message` notification from `actor` in a conversation, unread, counting `count`. */
export function buildMessageNotification(
  actor: UserPublic,
  conversationId: string,
  count = 1,
  overrides: Partial<NewMessageNotification> = {},
): NewMessageNotification {
  const n = next();
  return {
    id: `50000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    type: "new_message",
    actor,
    data: {
      conversation_id: conversationId,
      message_id: `60000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      count,
    },
    read: false,
    created_at: "2026-12-03T09:00:00.000000Z",
    updated_at: "2026-12-03T09:00:00.000000Z",
    ...overrides,
  };
}

/** A `friend_request` (or, with `type`, `friend_request_accepted`) notification from `actor`. */
export function buildRequestNotification(
  actor: UserPublic,
  type: "friend_request" | "friend_request_accepted" = "friend_request",
  overrides: Partial<RequestNotification> = {},
): RequestNotification {
  const n = next();
  return {
    id: `50000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    type,
    actor,
    data: { request_id: `70000000-0000-4000-8000-${String(n).padStart(12, "0")}` },
    read: false,
    created_at: "2026-12-03T09:00:00.000000Z",
    updated_at: "2026-12-03T09:00:00.000000Z",
    ...overrides,
  } as RequestNotification;
}
