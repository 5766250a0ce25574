/**
 * The longest class kept: Django's password column holds 128 characters, so every real value's
 * class fits, and a corrupted giant row cannot make the floor's table grow with it.
 */
const MAX_CLASS_LENGTH = 128;

/** bcrypt's salt and hash share the field after the cost: `bcrypt$$2b$12$<53 characters>`. */
const BCRYPT_CLASS = /^([a-z0-9_]+\$\$2[abxy]\$\d{2})\$/;

/**
 * Which stored values cost the same to verify: the format and its cost parameters, without salt
 * and hash (`pbkdf2_sha256$260000`, `argon2$argon2id$v=19$m=102400,t=2,p=8`,
 * `bcrypt$$2b$12`, `scrypt$16384$8$1`). Django's layout puts salt and hash last
 * (`<algorithm>$<parameters>$<salt>$<hash>`), so that rule serves every format but bcrypt and
 * scrypt, which get their own; a value with no parameters (the cheap legacy formats) is its
 * algorithm alone.
 * @internal
 */
export function costClassOf(algorithm: string, encoded: string): string {
  const fields = encoded.split('$');
  let costClass = algorithm;
  if (algorithm === 'bcrypt' || algorithm === 'bcrypt_sha256') {
    costClass = BCRYPT_CLASS.exec(encoded)?.[1] ?? algorithm;
  } else if (algorithm === 'scrypt' && fields.length === 6) {
    const [name, n, , r, p] = fields;
    costClass = `${name}$${n}$${r}$${p}`;
  } else if (fields.length > 3 && fields[0] === algorithm) {
    costClass = fields.slice(0, -2).join('$');
  }
  return costClass.slice(0, MAX_CLASS_LENGTH);
}
