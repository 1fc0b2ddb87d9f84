import { z } from 'zod';

/** Body of `POST /api/auth/login`. */
export const LoginBodySchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(320)),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

/** The signed-in person as the API shows them (never with a password hash). */
export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
});
export type User = z.infer<typeof UserSchema>;

/** Body of `POST /api/accounts`: an owner creates an account for a team member. */
export const CreateAccountBodySchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(320)),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8, 'at least 8 characters').max(1024),
});
export type CreateAccountBody = z.infer<typeof CreateAccountBodySchema>;
