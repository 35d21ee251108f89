export { notificationsApi } from "./api";
export { NotificationBell } from "./components/NotificationBell";
export { NotificationsScreen } from "./components/NotificationsScreen";
export { useNotificationEvents } from "./hooks/useNotificationEvents";
export { useUnreadNotificationCount } from "./hooks/useUnreadNotificationCount";
export { NOTIFICATIONS_PATH } from "./paths";
