/** The notifications' server shapes, from the generated OpenAPI types. */
import type { components } from "@/lib/generated/api-types";

type Schemas = components["schemas"];

/** One notification; `type` says which kind, and so what `data` holds. */
export type Notification = Schemas["NotificationOut"];
export type NotificationPage = Schemas["Page_NotificationOut_"];
export type UnreadCount = Schemas["UnreadCount"];
