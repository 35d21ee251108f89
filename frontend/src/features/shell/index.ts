export { AppShell } from "./components/AppShell";
