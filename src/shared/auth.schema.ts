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
