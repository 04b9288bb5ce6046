// supabase-js, unchanged, against our /auth/v1: signup, verify, sign-in, refresh, getUser, MFA.
import { createClient } from "@supabase/supabase-js";
import * as OTPAuth from "otpauth";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";

const PASSWORD = "Correct-Horse-42!";

function client(url: string) {
  return createClient(url, "anon-key-not-checked", {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

Deno.test("supabase-js: sign up, verify with the mailed code, sign in, refresh, get user", async () => {
  const server = await startTestServer();
  try {
    const supabase = client(server.url);
    const email = "dana@globex.test";
    const signup = await supabase.auth.signUp({
      email,
      password: PASSWORD,
      options: {
        data: { full_name: "Dana Scully", company_name: "Globex", industry: "Manufacturing", job_role: "VP Sales" },
      },
    });
    assertEquals(signup.error, null);
    assertEquals(signup.data.session, null, "no session before the email is confirmed");
    assertEquals(signup.data.user?.email, email);

    const early = await supabase.auth.signInWithPassword({ email, password: PASSWORD });
    assertEquals(early.error?.code, "email_not_confirmed");

    const code = await server.lastCode(email);
    const verified = await supabase.auth.verifyOtp({ email, token: code, type: "signup" });
    assertEquals(verified.error, null);
    const session = verified.data.session!;
    assert(session.access_token && session.refresh_token);

    // The company named at signup became a team with the user as owner, named in the token.
    const teamId = verified.data.user!.app_metadata.team_id;
    assertMatch(String(teamId), /^[0-9a-f-]{36}$/);
    assertEquals(verified.data.user!.app_metadata.team_role, "owner");

    const reused = await supabase.auth.verifyOtp({ email, token: code, type: "signup" });
    assertEquals(reused.error?.code, "otp_expired");

    const signedIn = await supabase.auth.signInWithPassword({ email, password: PASSWORD });
    assertEquals(signedIn.error, null);
    const refreshed = await supabase.auth.refreshSession({ refresh_token: signedIn.data.session!.refresh_token });
    assertEquals(refreshed.error, null);
    assert(refreshed.data.session!.refresh_token !== signedIn.data.session!.refresh_token, "refresh tokens rotate");

    const { data: userData, error } = await supabase.auth.getUser(refreshed.data.session!.access_token);
    assertEquals(error, null);
    assertEquals(userData.user?.email, email);
    assertEquals(userData.user?.user_metadata.full_name, "Dana Scully");
  } finally {
    await server.close();
  }
});

Deno.test("supabase-js: TOTP enroll, challenge, verify lifts the session to aal2", async () => {
  const server = await startTestServer({ seed: true });
  try {
    const supabase = client(server.url);
    const { error: signInError } = await supabase.auth.signInWithPassword({
      email: "carol@acme.test",
      password: "leadly-demo",
    });
    assertEquals(signInError, null);
    const enrolled = await supabase.auth.mfa.enroll({ factorType: "totp", friendlyName: "Phone" });
    assertEquals(enrolled.error, null);
    assertMatch(enrolled.data!.totp!.qr_code, /^data:image\/svg\+xml/);
    const totp = new OTPAuth.TOTP({ secret: enrolled.data!.totp!.secret });

    const challenge = await supabase.auth.mfa.challenge({ factorId: enrolled.data!.id });
    assertEquals(challenge.error, null);
    const wrong = await supabase.auth.mfa.verify({
      factorId: enrolled.data!.id,
      challengeId: challenge.data!.id,
      code: totp.generate() === "000000" ? "111111" : "000000",
    });
    assertEquals(wrong.error?.code, "mfa_verification_failed");
    const ok = await supabase.auth.mfa.verify({
      factorId: enrolled.data!.id,
      challengeId: challenge.data!.id,
      code: totp.generate(),
    });
    assertEquals(ok.error, null);
    const { data: aal } = await supabase.auth.mfa.getAuthenticatorAssuranceLevel();
    assertEquals(aal?.currentLevel, "aal2");
  } finally {
    await server.close();
  }
});
