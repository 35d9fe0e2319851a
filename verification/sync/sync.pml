/*
 * The device sync protocol (GET /v2/sync, shared/src/sync/README.md) as a Promela model for SPIN:
 * one PolicyStore Durable Object, one edge device, and a Network adversary between them.
 * README.md in this folder maps every process, variable and message to the code, and says what is
 * abstracted away. spin.test.ts checks it (and mutants of it) with SPIN.
 *
 * Bounds (override with -D at `spin -a` time): MAXB bundles published, MAXC fleet controls issued
 * (every control is a TERMINATE of one agent), FAULTS network faults / device restarts in a run.
 */
#ifndef MAXB
#define MAXB 2
#endif
#ifndef MAXC
#define MAXC 2
#endif
#ifndef FAULTS
#define FAULTS 2
#endif
#define QLEN 8

#define MAX(a, b) ((a) > (b) -> (a) : (b))

mtype = { HELLO, AUTH, ACK, CONTROL_ACK,                   /* device -> server */
          CHALLENGE, READY, SNAPSHOT, BUNDLE, CONTROL };    /* server -> device */

/* Frames. device -> server: type, a (have_seq | ack seq | control_ack seq), b (have_control_seq). */
chan d2s = [QLEN] of { mtype, byte, byte };
/* server -> device: type, seq, signed (the signature verifies with the held key set), socket epoch. */
chan s2d = [QLEN] of { mtype, byte, bool, bit };

/* PolicyStore, durable (SQLite of the Durable Object). */
byte srvSeq = 0;        /* seq of the active bundle (bundle-table.ts activeBundle) */
byte srvCseq = 0;       /* last fleet control seq (fleet-controls.ts lastControlSeq) */

/* The attachment of the device's current socket (sync-session.ts SyncAttachment). */
#define NEW 0
#define CHALLENGED 1
#define READYP 2
#define CLOSED 3
byte phase = CLOSED;
byte haveSeq = 0;       /* have_seq from hello */
byte sentSeq = 0;       /* sent_seq */
byte haveCseq = 0;      /* have_control_seq from hello */
byte sentCseq = 0;      /* sent_control_seq */

/* The WebSocket. */
bool connUp = false;
bit epoch = 0;          /* which socket frames belong to (the device's #socket identity) */

/* Device, persisted (bundle.json + max_bundle_seq; last_control_seq in the device SQLite). */
byte devSeq = 0;        /* BundleKeeper.seq / maxSeq */
byte devCseq = 0;       /* ControlKeeper.seq */

/* Observers (ghost variables: what the properties talk about; no process reads them to decide). */
byte appliedMask = 0;            /* bit c set once control c was applied */
bool tPushed = false;            /* the server pushed TERMINATE #1 on a socket */
bool tApplied = false;           /* the device applied TERMINATE #1 */

byte faults = 0;        /* network faults and device restarts so far (at most FAULTS) */

/* ---- the WebSocket closes (server fail(), device #resync / heartbeat timeout, network, restart) ---- */
inline dropConn() {
  connUp = false;
  phase = CLOSED;
  /* frames to a closed socket are gone */
  do :: d2s ? _, _, _ :: empty(d2s) -> break od;
  /* frames already received by the device stay in its message queue (shared by its sockets) -- or are lost */
  if
  :: skip
  :: do :: s2d ? _, _, _, _ :: empty(s2d) -> break od
  fi
}

/* ---- PolicyStore side ---- */

/* sync-session.ts pushBundle(ws, bundle, type) */
inline pushBundle(kind) {
  if
  :: phase == READYP && srvSeq > MAX(sentSeq, haveSeq) -> s2d ! kind, srvSeq, true, epoch; sentSeq = srvSeq
  :: else -> skip
  fi
}

/* sync-session.ts pushControl(ws, control) */
inline pushControl(c) {
  if
  :: phase == READYP && c == MAX(sentCseq, haveCseq) + 1 ->
     s2d ! CONTROL, c, true, epoch; sentCseq = c;
     if :: c == 1 -> tPushed = true :: else -> skip fi
  :: else -> skip
  fi
}

active proctype PolicyStore() {
  mtype m; byte a, b, c;
end:
  do
  :: d2s ? m, a, b ->                    /* policy-store.ts webSocketMessage -> handleSyncMessage */
     atomic {
       if
       :: m == HELLO && phase == NEW ->
          phase = CHALLENGED; haveSeq = a; haveCseq = b;
          s2d ! CHALLENGE, 0, false, epoch
       :: m == AUTH && phase == CHALLENGED ->   /* device signature (and TPM quote) valid */
          phase = READYP;
          s2d ! READY, srvSeq, false, epoch;
          pushBundle(SNAPSHOT);                 /* RESUME_SNAPSHOT */
          c = haveCseq + 1;                     /* RESEND_CONTROLS: controlsAfter(have_control_seq) */
          do :: c <= srvCseq -> pushControl(c); c++ :: else -> break od
       :: m == ACK && phase == READYP ->        /* recordDevice(seq): the fleet view only */
          assert(a <= srvSeq)                   /* a device never reports a bundle the store did not publish */
       :: m == CONTROL_ACK && phase == READYP ->
          assert(a <= srvCseq)
       :: else ->
          if
          :: phase != READYP -> dropConn()      /* fail(unauthenticated): error, then close */
          :: else -> skip                       /* error protocol, socket stays open */
          fi
       fi;
       m = 0; a = 0; b = 0; c = 0               /* dead locals reset: fewer distinct states */
     }
  :: srvSeq < MAXB ->                         /* publish() / installBundle(): activation, pushed to the socket */
     atomic { srvSeq++; pushBundle(BUNDLE) }
  :: srvCseq < MAXC ->                        /* issueControl(agent.terminate): stored, pushed */
     atomic { srvCseq++; pushControl(srvCseq) }
  od
}

/* ---- device side ---- */

/* BundleKeeper.offer after verification: persist atomically, make active. The assertions are the properties. */
inline install(s, sig) {
  assert(sig);                               /* (b) never an unsigned bundle installed */
  assert(s >= devSeq);                       /* (a) never a lower seq installed */
  devSeq = s
}

/* ControlKeeper #apply: the agent's sticky TERMINATE and last_control_seq in one transaction. */
inline apply(s) {
  assert((appliedMask & (1 << s)) == 0);     /* a control is applied at most once */
  assert(s == 1 || (appliedMask & (1 << (s - 1))) != 0);  /* and in seq order */
  appliedMask = appliedMask | (1 << s);
  if :: s == 1 -> tApplied = true :: else -> skip fi;
  devCseq = s
}

active proctype Device() {
  mtype m; byte s; bool sig; bit ep; bool cur;
end:
  do
  :: atomic { !connUp ->                     /* SyncClient #connect (after backoff), "open" -> hello */
       epoch = 1 - epoch; connUp = true; phase = NEW;
       haveSeq = 0; sentSeq = 0; haveCseq = 0; sentCseq = 0;   /* newAttachment() */
       d2s ! HELLO, devSeq, devCseq
     }
  :: s2d ? m, s, sig, ep ->                  /* SyncClient #onMessage (one queue for all sockets) */
     atomic {
       cur = (connUp && ep == epoch);        /* #send only reaches an open socket: replies on an old one are lost */
       if
       :: m == CHALLENGE -> if :: cur -> d2s ! AUTH, 0, 0 :: else -> skip fi
       :: m == READY -> if :: cur -> d2s ! ACK, devSeq, 0 :: else -> skip fi
       :: m == SNAPSHOT || m == BUNDLE ->     /* acceptBundle -> BundleKeeper.offer */
          if
          :: sig && s > devSeq ->            /* VERIFY_BUNDLE: verifyBundleWithKeySet(signature, minSeq, rejectEqualSeq) */
             install(s, sig);
             if :: cur -> d2s ! ACK, devSeq, 0 :: else -> skip fi
          :: else -> skip                    /* refused (or unchanged): nothing installed */
          fi
       :: m == CONTROL ->                    /* ControlKeeper.offer */
          if
          :: !sig -> skip                    /* refused: bad signature */
          :: sig && s <= devCseq ->          /* duplicate: acknowledged, ignored */
             if :: cur -> d2s ! CONTROL_ACK, devCseq, 0 :: else -> skip fi
          :: sig && s == devCseq + 1 ->
             apply(s);
             if :: cur -> d2s ! CONTROL_ACK, devCseq, 0 :: else -> skip fi
          :: sig && s > devCseq + 1 ->       /* out_of_order: #resync (only for the current socket) */
             if :: cur -> dropConn() :: else -> skip fi
          fi
       :: else -> skip
       fi;
       m = 0; s = 0; sig = false; ep = 0; cur = false   /* dead locals reset */
     }
  :: atomic { faults < FAULTS ->          /* restart: the process dies; persisted state survives */
       faults++;
       dropConn();
       do :: s2d ? _, _, _, _ :: empty(s2d) -> break od;   /* the in-memory queue is gone */
       skip /* RESTART_KEEPS_STATE */
     }
  od
}

/* ---- the network and an active attacker, FAULTS actions in all ---- */
active proctype Network() {
  mtype m; byte s, b; bool sig; bit ep;
end:
  do
  :: atomic { faults < FAULTS && nempty(s2d) -> /* reorder: the head frame goes behind the others */
     faults++; s2d ? m, s, sig, ep; s2d ! m, s, sig, ep; m = 0; s = 0; sig = false; ep = 0 }
  :: atomic { faults < FAULTS && nempty(s2d) && nfull(s2d) -> /* duplicate the head frame */
     faults++; s2d ? <m, s, sig, ep>; s2d ! m, s, sig, ep; m = 0; s = 0; sig = false; ep = 0 }
  :: atomic { faults < FAULTS && nempty(d2s) ->
     faults++; d2s ? m, s, b; d2s ! m, s, b; m = 0; s = 0; b = 0 }
  :: atomic { faults < FAULTS && nempty(d2s) && nfull(d2s) ->
     faults++; d2s ? <m, s, b>; d2s ! m, s, b }
  :: atomic { faults < FAULTS && nempty(s2d) -> /* lose a frame: the connection breaks (LOSS_BREAKS_CONNECTION) */
     faults++; s2d ? _, _, _, _; if :: connUp -> dropConn() :: else -> skip fi }
  :: atomic { faults < FAULTS && nempty(d2s) ->
     faults++; d2s ? _, _, _; if :: connUp -> dropConn() :: else -> skip fi }
  :: atomic { faults < FAULTS && connUp -> /* the connection drops at any point */
     faults++; dropConn() }
  :: atomic { faults < FAULTS && nfull(s2d) -> /* inject a forged (unsigned) bundle or control */
       faults++;
       select(s : 1 .. MAXB + 1);
       if :: s2d ! BUNDLE, s, false, epoch :: s2d ! CONTROL, s, false, epoch fi;
       s = 0
     }
  :: atomic { faults < FAULTS && nfull(s2d) && srvSeq > 0 -> /* replay an old signed bundle it recorded */
     faults++; select(s : 1 .. srvSeq); s2d ! BUNDLE, s, true, epoch; s = 0 }
  od
}

/* Liveness: every published bundle is eventually installed; a TERMINATE once pushed is eventually applied;
   every issued control is eventually applied. */
ltl bundle_live { [] ((srvSeq > devSeq) -> <> (devSeq == srvSeq)) }
ltl terminate_kept { [] (tPushed -> <> tApplied) }
ltl controls_live { [] ((srvCseq > devCseq) -> <> (devCseq == srvCseq)) }
