"use client";

import { useToast } from "@/components/ui";
import type { UserPublic } from "@/lib/api-schema";
import { describeApiError } from "@/lib/errors";

import {
  useAcceptFriendRequestMutation,
  useBlockMutation,
  useCancelFriendRequestMutation,
  useDeclineFriendRequestMutation,
  useSendFriendRequestMutation,
  useUnblockMutation,
  useUnfriendMutation,
} from "../api";
import { fullName } from "../paths";

type Student = Pick<UserPublic, "id" | "first_name" | "last_name">;
/** A student with the pending request between you, as every student from the server comes. */
type StudentWithRequest = Student & Pick<UserPublic, "friend_request_id">;
/** Whom to unblock: a profile you blocked answers without a name, so the name may be unknown. */
type BlockedStudent = Pick<UserPublic, "id"> & Partial<Student>;

/** Their full name, or null when all we know of them is their id. */
const knownName = ({ first_name, last_name }: BlockedStudent) =>
  first_name !== undefined && last_name !== undefined ? fullName({ first_name, last_name }) : null;

/**
 * Everything a student can do about another, as the screens need it: each call shows its
 * result at once (the caches are patched before the server answers), and a refusal puts
 * things back and says why in a toast. Each resolves to whether it worked.
 */
export function useFriendshipActions() {
  const toast = useToast();
  const [send, sending] = useSendFriendRequestMutation();
  const [cancel, cancelling] = useCancelFriendRequestMutation();
  const [accept, accepting] = useAcceptFriendRequestMutation();
  const [decline, declining] = useDeclineFriendRequestMutation();
  const [unfriend, unfriending] = useUnfriendMutation();
  const [block, blocking] = useBlockMutation();
  const [unblock, unblocking] = useUnblockMutation();

  const failed = (title: string) => (error: unknown) => {
    toast({ tone: "error", title, description: describeApiError(error).message });
    return false;
  };
  const befriended = (student: Student) =>
    toast({ tone: "success", title: `You and ${student.first_name} are now friends` });

  return {
    busy:
      sending.isLoading ||
      cancelling.isLoading ||
      accepting.isLoading ||
      declining.isLoading ||
      unfriending.isLoading ||
      blocking.isLoading ||
      unblocking.isLoading,
    blocking: blocking.isLoading,
    unfriending: unfriending.isLoading,

    add: (student: Student) =>
      send({ userId: student.id })
        .unwrap()
        .then(
          (request) => {
            // They had asked first: asking back accepted their request.
            if (request.status === "accepted") befriended(student);
            return true;
          },
          failed(`We couldn't send your request to ${student.first_name}`),
        ),

    cancel: (student: StudentWithRequest) =>
      cancel({ userId: student.id, requestId: student.friend_request_id })
        .unwrap()
        .then(() => true, failed(`We couldn't withdraw your request to ${student.first_name}`)),

    accept: (student: StudentWithRequest) =>
      accept({ userId: student.id, requestId: student.friend_request_id })
        .unwrap()
        .then(
          () => {
            befriended(student);
            return true;
          },
          failed(`We couldn't accept ${student.first_name}'s request`),
        ),

    decline: (student: StudentWithRequest) =>
      decline({ userId: student.id, requestId: student.friend_request_id })
        .unwrap()
        .then(() => true, failed(`We couldn't decline ${student.first_name}'s request`)),

    unfriend: (student: Student) =>
      unfriend({ userId: student.id })
        .unwrap()
        .then(
          () => {
            toast({ tone: "info", title: `${fullName(student)} is no longer your friend` });
            return true;
          },
          failed(`We couldn't unfriend ${student.first_name}`),
        ),

    block: (student: Student & Partial<Pick<UserPublic, "friendship_status">>) =>
      block({ userId: student.id, status: student.friendship_status })
        .unwrap()
        .then(
          () => {
            toast({
              tone: "info",
              title: `You blocked ${fullName(student)}`,
              description: "You can unblock them from Friends › Blocked.",
            });
            return true;
          },
          failed(`We couldn't block ${student.first_name}`),
        ),

    unblock: (student: BlockedStudent) => {
      const name = knownName(student);
      return unblock({ userId: student.id })
        .unwrap()
        .then(
          () => {
            toast({ tone: "info", title: name ? `You unblocked ${name}` : "You unblocked this student" });
            return true;
          },
          failed(name ? `We couldn't unblock ${student.first_name}` : "We couldn't unblock this student"),
        );
    },
  };
}
