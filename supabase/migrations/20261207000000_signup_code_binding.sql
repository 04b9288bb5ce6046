-- Signup codes carry the password (and profile) of the signup that asked for them --------------------
-- Signing up again with an email that is not verified yet must not change that account's password: the
-- attacker who does so would own the account once the real person verifies. So each signup code holds
-- the password hash and profile chosen with it, and only verifying that code applies them.
alter table identity.one_time_codes add column if not exists password_hash text;
alter table identity.one_time_codes add column if not exists user_metadata jsonb;
comment on column identity.one_time_codes.password_hash is
  'Signup codes: the password chosen with this signup, applied when this code verifies the email.';
comment on column identity.one_time_codes.user_metadata is
  'Signup codes: the profile chosen with this signup, applied when this code verifies the email.';
