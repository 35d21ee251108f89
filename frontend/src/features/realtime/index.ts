export { RealtimeConnection } from "./components/RealtimeConnection";
export { useRealtimeConnection, type RealtimeHandlers } from "./hooks/useRealtimeConnection";
