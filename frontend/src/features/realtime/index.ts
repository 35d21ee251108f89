export { RealtimeConnection } from "./components/RealtimeConnection";
export { useRealtimeConnection } from "./hooks/useRealtimeConnection";
