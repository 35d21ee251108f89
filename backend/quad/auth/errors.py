"""Errors of the accounts feature, each with the stable code clients switch on."""

from quad.core.errors import BadRequest, Conflict, Forbidden, NotAuthenticated


class EmailTaken(Conflict):
    code = "email_taken"
    default_message = "An account with this e-mail already exists. Log in or reset your password."


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"
    default_message = "That e-mail and password do not match an account."


class InvalidAccessToken(NotAuthenticated):
    code = "invalid_token"
    default_message = "Your session has ended. Log in again."


class InvalidRefreshToken(NotAuthenticated):
    code = "invalid_refresh_token"
    default_message = "Your session has ended. Log in again."


class RefreshTokenReused(NotAuthenticated):
    code = "refresh_token_reused"
    default_message = (
        "This session was ended because an old sign-in token was used again. Log in again."
    )


class InvalidLinkToken(BadRequest):
    code = "invalid_token"
    default_message = "This link is not valid. Ask for a new one."


class ExpiredLinkToken(BadRequest):
    code = "token_expired"
    default_message = "This link has expired. Ask for a new one."


class UsedLinkToken(BadRequest):
    code = "token_used"
    default_message = "This link has already been used."


class EmailAlreadyVerified(Conflict):
    code = "email_already_verified"
    default_message = "Your e-mail is already verified."


class WrongPassword(Forbidden):
    code = "wrong_password"
    default_message = "Your current password is not right."
