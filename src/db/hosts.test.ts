import { describe, expect, it } from 'vitest';
import { hostList, isConnectionLoss, NoPrimaryError } from './hosts.ts';

describe('multi-host connection strings', () => {
  it('splits a host list into single-host URLs and keeps the other options', () => {
    const list = hostList(
      'postgres://kazna:pw@db1:5432,db2:5433/kazna?target_session_attrs=read-write&sslmode=require',
    );
    expect(list).toEqual({
      urls: [
        'postgres://kazna:pw@db1:5432/kazna?sslmode=require',
        'postgres://kazna:pw@db2:5433/kazna?sslmode=require',
      ],
      target: 'read-write',
    });
    expect(hostList('postgres://db1,db2/k?target_session_attrs=prefer-standby').target).toBe(
      'prefer-standby',
    );
  });

  it('leaves a one-host URL untouched', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/postgres?options=-c%20x%3Dy';
    expect(hostList(url)).toEqual({ urls: [url], target: 'any' });
  });

  it('tells a lost connection from a failed statement', () => {
    expect(isConnectionLoss({ code: '57P01' })).toBe(true);
    expect(isConnectionLoss({ code: '25006' })).toBe(true);
    expect(isConnectionLoss({ code: '08006' })).toBe(true);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLoss(new NoPrimaryError(2))).toBe(true);
    expect(isConnectionLoss(new Error('Cannot use a pool after calling end on the pool'))).toBe(
      true,
    );
    expect(isConnectionLoss({ code: '40001' })).toBe(false);
    expect(isConnectionLoss({ code: '23505', message: 'duplicate key' })).toBe(false);
  });
});
