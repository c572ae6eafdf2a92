/**
 * The signed-in actor as the store records it on what they write (a proposal, a status change,
 * a progress update): kind, id and name. A leaf, so services of every feature can use it.
 */
import type { Actor } from './actor.ts';
import type { ActorRef } from '../store/store.ts';

export function actorRef(actor: Actor): ActorRef {
  if (actor.kind === 'anonymous') throw new Error('actorRef needs a signed-in actor');
  return { kind: actor.kind, id: actor.id, name: actor.name };
}
