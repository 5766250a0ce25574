/**
 * Pure, framework-agnostic account logic: no I/O, time and randomness passed in. Safe to call
 * from any JavaScript runtime.
 *
 * @module core
 */
export type { SubtleDigest } from './content-hash.js';
export {
  EMAIL_MAX_LENGTH,
  type LoginInput,
  loginSchema,
  type ParsedFields,
  type ProfileUpdateInput,
  parseInput,
  parseInputFields,
  profileUpdateSchema,
  READ_ONLY_USER_FIELDS,
  type RefreshTokenInput,
  refreshTokenSchema,
  type SignUpInput,
  signUpSchema,
  type UserIdParams,
  userIdParamsSchema,
  userIdSchema,
} from './input-schemas.js';
export { mixesScripts } from './mixed-scripts.js';
export {
  type DateStyle,
  formatRelativeDate,
  naturalDay,
  naturalTime,
  type RelativeDateOptions,
} from './natural-time.js';
export {
  type ProfileChanges,
  type ProfileUpdatePlan,
  planProfileUpdate,
} from './password-update.js';
export {
  buildCustomClaims,
  buildUserClaims,
  type CustomClaims,
  type CustomClaimsOptions,
  EXPIRES_AT_CLAIM,
  ISSUED_AT_CLAIM,
  PROFILE_PIC_CLAIM,
  SIMPLEJWT_CLAIM_ORDER,
  TOKEN_ID_CLAIM,
  TOKEN_TYPE_CLAIM,
  USER_ID_CLAIM,
  USERNAME_CLAIM,
  type UserClaims,
} from './token-claims.js';
export {
  buildContentImagePath,
  buildCoverImagePath,
  buildImagePath,
  buildProfileImagePath,
  type ContentImagePathOptions,
  DEFAULT_COVER_IMAGE_PREFIX,
  DEFAULT_IMAGE_EXTENSIONS,
  DEFAULT_MEDIA_BASE_URL,
  DEFAULT_PROFILE_IMAGE_PREFIX,
  type ImageKind,
  type ImagePathLayout,
  type ImageUpload,
  imageExtension,
  MAX_IMAGE_PATH_LENGTH,
  type MediaUrlOptions,
  mediaUrl,
  type RandomImagePathOptions,
} from './upload-paths.js';
export {
  type LoadedUserDetail,
  planUserDetail,
  resolveUserDetail,
  type UserDetailFailure,
  type UserDetailQuery,
  type UserDetailRequest,
  type UserDetailResult,
  type UserDetailTarget,
} from './user-detail.js';
export {
  DEFAULT_COVER_IMAGE_PATH,
  type MediaOptions,
  type SerializableUser,
  type SerializedUser,
  type SerializedUserDetail,
  type SerializeUserOptions,
  serializeUser,
  serializeUserDetail,
} from './user-serializer.js';
export {
  type NormalizedUsername,
  normalizeUsername,
  USERNAME_MAX_LENGTH,
  USERNAME_MAX_RAW_LENGTH,
  USERNAME_PATTERN,
  type UsernameProblem,
  usernameKey,
} from './username.js';
export { type UsernameRules, usernameRuleIssues } from './username-rules.js';
