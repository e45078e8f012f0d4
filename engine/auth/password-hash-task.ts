// Piscina task (one per thread): scrypt hashing and verification of passwords.
import { runPasswordTask, type PasswordTask } from './password-hashing.js';

export default function passwordHash(task: PasswordTask): string | boolean {
  return runPasswordTask(task);
}
