// A real OpenID provider (the certified oidc-provider package) for the single sign-on tests.
// Its people and their groups are read from USERS_FILE at each sign-in, so a test can take
// someone out of a group. MODE_FILE, read at each token request, makes it hand out a bad ID
// token on purpose, to show that Talkback refuses it:
//   wrong_audience  made for another client     expired        expired ten minutes ago
//   bad_signature   its claims changed after it was signed
//   no_nonce        the nonce Talkback sent left out
// Every bad token but bad_signature is signed again with the provider's own key, so only the
// one thing named is wrong. Prints "ready" once it listens on PORT (localhost).
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { CompactSign, decodeJwt, decodeProtectedHeader } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://localhost:${port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = 'test-key';
const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };

function readJson(path, fallback) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return fallback;
  }
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['test-cookie-key-not-secret'] },
  claims: {
    openid: ['sub'],
    profile: ['preferred_username', 'name'],
    email: ['email'],
    groups: ['groups'],
  },
  scopes: ['openid', 'profile', 'email', 'groups'],
  conformIdTokenClaims: false, // the groups go in the ID token, as many providers send them
  pkce: { required: () => true },
  async findAccount(ctx, sub) {
    const person = readJson(process.env.USERS_FILE, {})[sub];
    if (!person) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, preferred_username: sub, ...person };
      },
    };
  },
});

async function spoil(idToken, mode) {
  if (mode === 'bad_signature') {
    const [header, , signature] = idToken.split('.');
    const claims = { ...decodeJwt(idToken), groups: ['talkback-admins'] };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${header}.${body}.${signature}`;
  }
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  // Named as the authorized party, so only the audience is wrong (Authlib alone would let
  // this one through: Talkback asks for its own client id in the audience).
  if (mode === 'wrong_audience') Object.assign(claims, { aud: 'another-service', azp: claims.aud });
  if (mode === 'expired') Object.assign(claims, { iat: now - 1200, exp: now - 600 });
  if (mode === 'no_nonce') delete claims.nonce;
  return new CompactSign(Buffer.from(JSON.stringify(claims)))
    .setProtectedHeader(decodeProtectedHeader(idToken))
    .sign(privateKey);
}

provider.use(async (ctx, next) => {
  await next();
  const mode = readJson(process.env.MODE_FILE, {}).mode;
  if (ctx.path === '/token' && mode && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await spoil(ctx.body.id_token, mode) };
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log('ready');
});
