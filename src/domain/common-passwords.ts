/**
 * Passwords (and password bases) that appear near the top of public breach-frequency lists.
 * Kept short on purpose: the 12-character minimum already removes most of the lists; what is left
 * are long passwords built from these bases with digits or symbols tacked on.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  '123456789012', '1234567890123', '12345678901234', '123123123123', '111111111111',
  '000000000000', '123456123456', '987654321098', '1q2w3e4r5t6y', 'qwertyuiopas',
  'qwertyuiop12', 'qwertyuiop123', 'qwerty123456', 'qwertyqwerty', 'asdfghjkl123',
  'zxcvbnm12345', 'password1234', 'password12345', 'password123!', 'passwordpassword',
  'iloveyou1234', 'letmein12345', 'welcome12345', 'welcome123456', 'changeme1234',
  'abcdefghijkl', 'abcd1234abcd', 'aaaaaaaaaaaa', 'trustno1trustno1', 'administrator',
  'administrator1', 'football1234', 'baseball1234', 'sunshine1234', 'princess1234',
  'starwars1234', 'superman1234', 'liverpool1234', 'chelsea12345', 'arsenal12345',
  'manchester12', 'manchesterunited', 'monkey123456', 'dragon123456', 'master123456',
  'shadow123456', 'michael12345', 'jennifer1234', 'computer1234', 'whatever1234',
  'internet1234', 'nhspassword1', 'nhspassword123', 'summer2024!!', 'winter2024!!',
  'spring2025!!', 'autumn2025!!', 'summer2025!!', 'winter2025!!', 'summer2026!!',
  'winter2026!!', 'linkwork1234', 'linkworkpassword', 'socialprescribing', 'correcthorsebatterystaple',
];

/** Words that, with only digits and symbols added, make a guessable password. */
export const COMMON_PASSWORD_BASES: readonly string[] = [
  'password', 'passw0rd', 'qwerty', 'qwertyuiop', 'letmein', 'welcome', 'iloveyou', 'admin',
  'administrator', 'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'trustno1',
  'changeme', 'linkwork', 'nhs', 'secret', 'summer', 'winter', 'spring', 'autumn', 'abc', 'test',
];
