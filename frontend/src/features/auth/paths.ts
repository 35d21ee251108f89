/** Where a signed-in student lands when nothing else was asked for. */
export const HOME_PATH = "/profile";
