/** The chat's server shapes, by the names the screens use, from the generated OpenAPI types. */
import type { components } from "@/lib/generated/api-types";

type Schemas = components["schemas"];

/** A direct chat or a group, as one member sees it (their unread count and read position). */
export type Conversation = Schemas["ConversationOut"];
export type ConversationPage = Schemas["Page_ConversationOut_"];
export type ConversationMember = Schemas["MemberOut"];
export type Message = Schemas["MessageOut"];
/** A page of history, ascending by `seq`; `has_more` looks the way the page was asked for. */
export type MessagePage = Schemas["MessagePage"];
export type GroupCreate = Schemas["GroupCreate"];
