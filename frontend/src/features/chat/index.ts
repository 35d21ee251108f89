import "./slice";

export { chatApi } from "./api";
export { ChatProvider, useChatEngine } from "./components/ChatProvider";
export { ChatsScreen } from "./components/ChatsScreen";
export { OpenChatsWhenSignedIn } from "./components/SignedInHome";
export { useConversationOpen } from "./hooks/useConversationOpen";
export { useUnreadChatCount } from "./hooks/useUnreadChatCount";
export { CHATS_PATH, conversationPath } from "./paths";
export { selectActiveConversationId } from "./slice";
